import type { IdGenerator, IdPrefix } from '../../src/ports/id-generator.port';
import type { RandomPort } from '../../src/ports/random.port';

export class SequentialIds implements IdGenerator {
  private counter = 0;
  next(prefix: IdPrefix): string {
    this.counter += 1;
    return `${prefix}_${String(this.counter).padStart(26, '0')}`;
  }
}

export class FixedRandom implements RandomPort {
  alphanumeric(length: number): string {
    return 'abcd1234'.slice(0, length).padEnd(length, 'x');
  }
}
