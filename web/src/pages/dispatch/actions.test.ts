// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { actionBody, actionsFor, CASE_ACTIONS } from './actions';

const grants =
  (...permissions: string[]) =>
  (p: string) =>
    permissions.includes(p);
const find = (name: string) => CASE_ACTIONS.find((a) => a.action === name)!;

describe('case actions', () => {
  it("offer what the role grants and the case's state allows", () => {
    // district_admin's case permissions
    const admin = grants(
      'case:read',
      'case:register',
      'case:dispatch',
      'case:escalate',
      'case:approve',
      'case:rate',
      'case:close',
      'case:supervise',
    );
    expect(actionsFor(admin, ['register', 'merge', 'accept']).map((a) => a.action)).toEqual([
      'register',
      'merge',
    ]);
    expect(actionsFor(admin, ['dispatch', 'summon', 'escalate']).map((a) => a.action)).toEqual([
      'dispatch',
      'escalate',
      'summon',
    ]);
    // department_handler
    const handler = grants('case:read', 'case:accept', 'case:return', 'case:resolve');
    expect(actionsFor(handler, ['accept', 'return', 'dispatch']).map((a) => a.action)).toEqual([
      'accept',
      'return',
    ]);
    expect(actionsFor(grants('case:read'))).toEqual([]);
  });

  it('send only the fields an action takes, trimmed, in the gateway’s names', () => {
    const input = {
      department: 'cg',
      departments: ['a', 'b'],
      task: ' 清理 ',
      reason: '  请尽快处理 ',
      hours: 8,
      rating: 'satisfied',
      closeReason: 'resolved',
    };
    expect(actionBody(find('dispatch'), input)).toEqual({
      action: 'dispatch',
      departmentCode: 'cg',
      reason: '请尽快处理',
    });
    expect(actionBody(find('request-extension'), input)).toEqual({
      action: 'request-extension',
      extendWorkingHours: 8,
      reason: '请尽快处理',
    });
    expect(actionBody(find('summon'), { ...input, reason: '' })).toEqual({
      action: 'summon',
      coHandlers: [
        { departmentCode: 'a', task: '清理', deadlineWorkingHours: 24 },
        { departmentCode: 'b', task: '清理', deadlineWorkingHours: 24 },
      ],
    });
    expect(actionBody(find('accept'), input)).toEqual({ action: 'accept' });
  });
});
