import fc from 'fast-check';
import { ValidationError } from '../../lib/errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('search_after cursors', () => {
  it('given sort values, when encoded and decoded for the same sort, then they round-trip', () =>
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.string({ maxLength: 200 })), fc.uuid(), (value, id) => {
        expect(decodeCursor(encodeCursor('placedAt:desc', [value, id]), 'placedAt:desc', 2)).toEqual([value, id]);
      }),
    ));

  it('given a cursor made for another sort, then it is a 400 naming the sort', () => {
    const cursor = encodeCursor('totalCents:asc', [5, 'id']);
    expect(() => decodeCursor(cursor, 'placedAt:desc', 2)).toThrow(/belongs to sort=totalCents:asc/);
  });

  it('given a tampered cursor, then the checksum rejects it', () => {
    const cursor = encodeCursor('placedAt:desc', [1700000000000, 'a']);
    const tampered = Buffer.from(Buffer.from(cursor, 'base64url').toString('utf8').replace('1700000000000', '1700000000001')).toString('base64url');
    expect(() => decodeCursor(tampered, 'placedAt:desc', 2)).toThrow(ValidationError);
  });

  it.each(['', 'zzz', '!!!', 'a'.repeat(2000), Buffer.from('[1,"x"]').toString('base64url'), Buffer.from('{"__proto__":1}').toString('base64url')])(
    'rejects garbage %j with a validation error',
    (garbage) => expect(() => decodeCursor(garbage, 'placedAt:desc', 2)).toThrow(ValidationError),
  );

  it('never throws anything but a validation error, whatever the input', () =>
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (junk) => {
        try {
          decodeCursor(junk, 'placedAt:desc', 2);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
    ));

  it('rejects values that are not safe sort values (unsafe integers, objects, wrong arity)', () => {
    expect(() => decodeCursor(encodeCursor('s', [2 ** 60, 'x']), 's', 2)).toThrow(ValidationError);
    expect(() => decodeCursor(encodeCursor('s', ['x']), 's', 2)).toThrow(ValidationError);
  });
});
