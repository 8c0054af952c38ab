// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { actionBody, actionsFor, CASE_ACTIONS } from './actions';

const grants = (...permissions: string[]) => (p: string) => permissions.includes(p);

describe('case actions', () => {
  it('offer a role only the actions its permissions allow', () => {
    expect(actionsFor(grants('case:read')).map((a) => a.action)).toEqual([]);
    expect(actionsFor(grants('case:supervise')).map((a) => a.action)).toEqual(['supervise', 'extend']);
    expect(actionsFor(grants('case:register', 'case:dispatch', 'case:supervise')).map((a) => a.action)).toEqual(
      CASE_ACTIONS.map((a) => a.action),
    );
  });

  it("narrow to what the case service says the case's state allows", () => {
    const all = grants('case:register', 'case:dispatch', 'case:supervise');
    expect(actionsFor(all, ['dispatch', 'return', 'accept']).map((a) => a.action)).toEqual(['dispatch', 'return']);
  });

  it('send only the fields an action takes', () => {
    const dispatch = CASE_ACTIONS.find((a) => a.action === 'dispatch')!;
    const extend = CASE_ACTIONS.find((a) => a.action === 'extend')!;
    const input = { department: 'cgj', departments: ['a'], note: '  请尽快处理 ', days: 3, rating: 'satisfied' };
    expect(actionBody(dispatch, input)).toEqual({ action: 'dispatch', department: 'cgj' });
    expect(actionBody(extend, input)).toEqual({ action: 'extend', days: 3, note: '请尽快处理' });
  });
});
