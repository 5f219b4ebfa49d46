#!/usr/bin/env node
// `npx looply-mock-server --port 8787`: the Looply-compatible local server from looply-sdk/testing.
import { runMockServerCli } from '../testing.mjs';

runMockServerCli();
