// Deterministic pseudo-random numbers for the seeded data (never Math.random).
// sfc32 seeded through splitmix32, so nearby seeds give unrelated streams.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function splitmix32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function sfc32(a, b, c, d) {
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t >>> 0;
  };
}

/** A small seeded random source; `seeds` are any 32-bit integers (e.g. a base seed and an index). */
export function createRng(...seeds) {
  const mix = splitmix32(seeds.reduce((acc, s) => Math.imul(acc ^ (s >>> 0), 0x01000193) >>> 0, 0x811c9dc5));
  const next32 = sfc32(mix(), mix(), mix(), mix());
  for (let i = 0; i < 12; i += 1) next32();
  const float = () => next32() / 0x100000000;
  return {
    float,
    /** Integer in [min, max], both inclusive. */
    int: (min, max) => min + Math.floor(float() * (max - min + 1)),
    chance: (p) => float() < p,
    pick: (items) => items[Math.floor(float() * items.length)],
    hex: (n) => Array.from({ length: n }, () => (next32() & 15).toString(16)).join(''),
    base32: (n) => Array.from({ length: n }, () => CROCKFORD[next32() & 31]).join(''),
    /** A version-4-shaped UUID string. */
    uuid() {
      const h = this.hex(32).split('');
      h[12] = '4';
      h[16] = '89ab'[parseInt(h[16], 16) & 3];
      const s = h.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };
}
