import { loadSync } from '@grpc/proto-loader';
import { protoFiles, type caseV1 } from '@yiwang/contracts';
import { protoLoaderOptions } from '@yiwang/platform';
import { caseView, presentCase } from '../src/cases/case-presenter.js';
import { mismatches } from '../src/openapi/response-contract.interceptor.js';

const spec = (response: typeof caseView) => ({ tag: 't', summary: 's', response });

/** A case as the case service sends it over gRPC, decoded the way the gateway's clients decode it. */
function caseOverTheWire(fields: Partial<caseV1.Case>): caseV1.Case {
  const definition = loadSync([...protoFiles.case], protoLoaderOptions);
  const getCase = (
    definition['yiwang.case.v1.CaseService'] as unknown as Record<string, Record<string, Function>>
  ).GetCase;
  const bytes = getCase.responseSerialize({ case: { id: 'c1', state: 'reported', version: 1, ...fields } });
  return (getCase.responseDeserialize(bytes) as caseV1.GetCaseResponse).case!;
}

describe('the response check', () => {
  it('passes a case as the gateway presents it, with and without a location', () => {
    expect(
      mismatches(spec(caseView), presentCase(caseOverTheWire({ location: { lat: 23.1, lng: 113.3 } }))),
    ).toEqual([]);
    expect(mismatches(spec(caseView), presentCase(caseOverTheWire({})))).toEqual([]);
  });

  it('names an undocumented property such as an internal _location, and a missing one', () => {
    const presented = presentCase(caseOverTheWire({ location: { lat: 23.1, lng: 113.3 } }));
    expect(mismatches(spec(caseView), { ...presented, _location: 'location' })).toEqual([
      { field: 'response', message: 'undocumented _location' },
    ]);
    const { tier: _tier, ...withoutTier } = presented;
    expect(mismatches(spec(caseView), withoutTier).map((m) => m.field)).toEqual(['response.tier']);
  });

  it('decodes proto3 optional fields without virtual oneof members', () => {
    const decoded = caseOverTheWire({ location: { lat: 23.1, lng: 113.3 }, departmentCode: 'D1' });
    expect(Object.keys(decoded).filter((key) => key.startsWith('_'))).toEqual([]);
    expect(decoded).toMatchObject({ location: { lat: 23.1, lng: 113.3 }, departmentCode: 'D1' });
    // Unset optional fields stay absent (undefined), not '' or null: the presenter shows them as null.
    expect(caseOverTheWire({}).departmentCode).toBeUndefined();
  });

  it('holds a 204 route to answering nothing', () => {
    expect(mismatches({ tag: 't', summary: 's', response: null }, undefined)).toEqual([]);
    expect(mismatches({ tag: 't', summary: 's', response: null }, { id: 1 })).toEqual([
      { field: 'response', message: 'a 204 route returned a body' },
    ]);
  });
});
