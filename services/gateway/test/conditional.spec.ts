import type { Request } from 'express';
import { type DomainError } from '@yiwang/platform';
import { checkIfMatch, etagOf } from '../src/http/conditional.js';

const requestWith = (ifMatch?: string) =>
  ({ get: (name: string) => (name === 'if-match' ? ifMatch : undefined) }) as unknown as Request;
const kindOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as DomainError).kind;
  }
};

describe('If-Match', () => {
  const current = { id: '1', name: '甲', version: 3 };

  it('passes the current tag, * and (when not required) no header', () => {
    expect(
      kindOf(() => checkIfMatch(requestWith(etagOf(current)), current, { required: true })),
    ).toBeUndefined();
    expect(
      kindOf(() => checkIfMatch(requestWith(`"x", ${etagOf(current)}`), current, { required: true })),
    ).toBeUndefined();
    expect(kindOf(() => checkIfMatch(requestWith('*'), current, { required: true }))).toBeUndefined();
    expect(kindOf(() => checkIfMatch(requestWith(), current, { required: false }))).toBeUndefined();
  });

  it('refuses a stale or weak tag with 412 and a missing one with 428 when required', () => {
    const stale = etagOf({ ...current, version: 2 });
    expect(kindOf(() => checkIfMatch(requestWith(stale), current, { required: false }))).toBe(
      'precondition_failed',
    );
    expect(kindOf(() => checkIfMatch(requestWith(`W/${etagOf(current)}`), current, { required: true }))).toBe(
      'precondition_failed',
    );
    expect(kindOf(() => checkIfMatch(requestWith(), current, { required: true }))).toBe(
      'precondition_required',
    );
  });
});
