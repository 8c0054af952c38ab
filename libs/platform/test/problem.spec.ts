import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import {
  DomainError,
  ERROR_KINDS,
  grpcStatusOfKind,
  httpStatusOfKind,
  kindOfGrpcStatus,
  toProblem,
} from '@yiwang/platform';

describe('error mapping', () => {
  it('gives every kind an HTTP and a gRPC status that maps back to the same kind', () => {
    for (const kind of ERROR_KINDS) {
      expect(httpStatusOfKind[kind]).toBeGreaterThanOrEqual(400);
      expect(kindOfGrpcStatus(grpcStatusOfKind[kind])).toBe(kind);
    }
  });

  it('renders domain errors as RFC 9457 problems with a stable code and field errors', () => {
    const problem = toProblem(
      DomainError.invalid('case.invalid_input', 'bad', [{ field: 'body.title', message: 'is required' }]),
      '/x',
    );
    expect(problem).toMatchObject({
      status: 400,
      code: 'case.invalid_input',
      title: 'Bad Request',
      instance: '/x',
    });
    expect(problem.type).toMatch(/case\.invalid_input$/);
    expect(problem.errors).toEqual([{ field: 'body.title', message: 'is required' }]);
  });

  it('keeps framework statuses and never leaks unknown errors', () => {
    expect(toProblem(new NotFoundException())).toMatchObject({ status: 404, code: 'route.not_found' });
    expect(toProblem(new PayloadTooLargeException())).toMatchObject({
      status: 413,
      code: 'request.too_large',
    });
    expect(toProblem(Object.assign(new Error('request entity too large'), { status: 413 }))).toMatchObject({
      status: 413,
    });
    const hidden = toProblem(new Error('password=hunter2 at db'));
    expect(hidden).toMatchObject({ status: 500, code: 'internal' });
    expect(hidden.detail).not.toMatch(/hunter2/);
  });
});
