// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseErrorsCsv, readReason } from './import-reasons';

describe('import error reasons', () => {
  it('reads each problem of a row as field and reason in Chinese', () => {
    expect(
      readReason(
        7,
        'name is required; id_number checksum does not match; relation must be one of head, spouse, child, parent, other (or 户主, 配偶, 子女, 父母, 其他)',
        'zh-CN',
      ),
    ).toEqual([
      { line: 7, column: '姓名', reason: '不能为空' },
      { line: 7, column: '身份证号', reason: '校验位不正确' },
      { line: 7, column: '与户主关系', reason: '须为 户主、配偶、子女、父母、其他 之一' },
    ]);
  });

  it('keeps line numbers from the server and problems of the whole line without a field', () => {
    expect(readReason(3, 'the row has 9 fields, the header has 10', 'zh-CN')).toEqual([
      { line: 3, column: null, reason: '该行有 9 列，表头有 10 列' },
    ]);
    expect(
      readReason(
        12,
        'household_no: community_code, building, entrance, room or address differ from line 4 of the same household',
        'zh-CN',
      ),
    ).toEqual([
      { line: 12, column: '户号', reason: '同一户的社区代码、楼栋、单元、房号或地址与第 4 行不一致' },
    ]);
    expect(readReason(5, 'id_number appears again (first on line 2)', 'en-US')).toEqual([
      { line: 5, column: 'ID number', reason: 'repeats line 2' },
    ]);
  });

  it('shows an unknown reason as written, and parses the quoted CSV', () => {
    expect(readReason(1, 'something new', 'zh-CN')).toEqual([
      { line: 1, column: null, reason: 'something new' },
    ]);
    expect(parseErrorsCsv('line,reason\n2,name is required\n9,"phone is empty; name is ""x"""\n')).toEqual([
      { line: 2, reason: 'name is required' },
      { line: 9, reason: 'phone is empty; name is "x"' },
    ]);
  });
});
