import {
  allSubjects,
  checkPayload,
  ContractViolationError,
  defineSubject,
  streamOf,
  streams,
  subjects,
  unitPathOf,
} from '@yiwang/contracts';
import { z } from 'zod';

describe('subject registry', () => {
  it('names every subject <domain>.v<N>.<event> and files it in its domain stream', () => {
    expect(allSubjects.length).toBeGreaterThan(0);
    for (const subject of allSubjects) {
      expect(subject.name).toMatch(/^[a-z-]+\.v[1-9][0-9]*\.[a-z0-9.-]+$/);
      const stream = streams.find((s) => s.name === subject.stream);
      expect(stream).toBeDefined();
      expect(stream!.subjects).toContain(`${subject.name.split('.')[0]}.>`);
    }
  });

  it('refuses an unversioned subject name', () => {
    expect(() => defineSubject('case.created', z.object({}))).toThrow(/<domain>\.v<N>\.<event>/);
    expect(streamOf('party-org.v1.x')).toBe('PARTY_ORG');
  });

  it('accepts a valid case.v1.created payload and rejects one that breaks the contract, naming the field', () => {
    const valid = {
      caseId: '3b0f4f55-9b0c-4c2c-9d8c-0a4b7c1f2e11',
      category: 'street_light',
      channel: 'grid_worker',
      unitCode: '440106001002',
      unitPath: ['44', '4401', '440106', '440106001', '440106001002'],
      createdAt: '2026-11-22T08:00:00.000Z',
    };
    expect(checkPayload(subjects.case.created, valid)).toEqual(valid);
    const broken = () =>
      checkPayload(subjects.case.created, { ...valid, caseId: 'nope', residentName: '张三' });
    expect(broken).toThrow(ContractViolationError);
    expect(broken).toThrow(/caseId/);
    // Unknown keys are refused: personal data cannot ride along unnoticed.
    expect(() => checkPayload(subjects.case.created, { ...valid, residentName: '张三' })).toThrow(
      /residentName|Unrecognized/,
    );
  });
});

describe('unitPathOf', () => {
  it('expands a 12-digit community code into its administrative path', () => {
    expect(unitPathOf('440106001002')).toEqual(['44', '4401', '440106', '440106001', '440106001002']);
  });

  it('stops at the level a code names and adds grid codes below their community', () => {
    expect(unitPathOf('440106000000')).toEqual(['44', '4401', '440106']);
    expect(unitPathOf('4401')).toEqual(['44', '4401']);
    expect(unitPathOf('440106001002-G03')).toEqual([
      '44',
      '4401',
      '440106',
      '440106001',
      '440106001002',
      '440106001002-G03',
    ]);
  });

  it('refuses what is not a division code', () => {
    expect(() => unitPathOf('abc')).toThrow(/Not a division code/);
  });
});
