import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { applyTextPolicy } from './text-policy.js';

const ROOTS: Partial<Record<ArgumentMetadata['type'], string>> = {
  body: 'body',
  query: 'query',
  param: 'path',
};

/**
 * The text policy on every HTTP controller's body, query and path parameters (a global pipe: routes
 * cannot forget it), before their own schema sees the values. Field paths match the schemas' (`body.title`).
 */
@Injectable()
export class TextPolicyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const root = ROOTS[metadata.type];
    if (!root) return value;
    return applyTextPolicy(value, metadata.data ? `${root}.${metadata.data}` : root);
  }
}
