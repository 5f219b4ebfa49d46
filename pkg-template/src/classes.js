// The package's error classes by name (errors.js's `named` enters each one): how rejection.js
// finds the class a core descriptor names. Not a namespace import of errors.js, which a
// bundler makes into an object with a getter for each export, built at import.
export const ERROR_CLASSES = new Map();
