import type { Rule } from 'eslint';

export declare function ownerOf(file: string, root: string): { kind: 'service' | 'lib'; name: string } | null;
export declare const noCrossServiceImports: Rule.RuleModule;
export declare const yiwangPlugin: { rules: Record<string, Rule.RuleModule> };
