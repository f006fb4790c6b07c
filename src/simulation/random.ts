// The only source of chance in a run: a seeded xoroshiro128+ generator from pure-rand, owned by the world.

import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

type Generator = ReturnType<typeof xoroshiro128plus>;

export class SeededRandom {
  private constructor(private rng: Generator) {}

  static fromSeed(seed: number): SeededRandom {
    return new SeededRandom(xoroshiro128plus(seed));
  }

  /** A draw in [0, 1). */
  next(): number {
    return (this.rng.next() >>> 0) / 0x100000000;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A 32-bit unsigned integer, e.g. to seed a pure function. */
  uint32(): number {
    return this.rng.next() >>> 0;
  }

  clone(): SeededRandom {
    return new SeededRandom(this.rng.clone());
  }
}
