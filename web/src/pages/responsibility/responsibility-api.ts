import type { operations } from '../../api/generated/schema';

/** Answer shapes of the 权责清单 routes, from the gateway's OpenAPI document (never written by hand). */
type Json<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends { content: { 'application/json': infer T } } ? T : never;

export type ResponsibilityVersions = Json<'responsibilitiesResponsibilityVersions', 200>;
export type VersionSummary = ResponsibilityVersions['items'][number];
export type ResponsibilityVersion = Json<'responsibilitiesResponsibilityVersion', 200>;
export type ResponsibilityEntry = ResponsibilityVersion['entries'][number];
export type ResponsibilityDiff = Json<'responsibilitiesResponsibilityDiff', 200>;
export type ResponsibilityChange = ResponsibilityDiff['items'][number];
export type ActivateResult = Json<'responsibilitiesResponsibilityActivate', 200>;
export type DepartmentKind = ResponsibilityVersions['departmentKinds'][number];
export type ResponsibilityActivation = ResponsibilityVersion['activations'][number];
export type NewVersionBody = NonNullable<
  operations['responsibilitiesResponsibilityCreate']['requestBody']
>['content']['application/json'];
