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
  it('gives every kind an HTTP and a gRPC status; a bare status maps back to a kind with that status', () => {
    // Several kinds share a gRPC status (412 and 428 are both FAILED_PRECONDITION): the exact kind travels
    // in the coded trailer, the bare status is only the fallback for callers that send none.
    for (const kind of ERROR_KINDS) {
      expect(httpStatusOfKind[kind]).toBeGreaterThanOrEqual(400);
      const back = kindOfGrpcStatus(grpcStatusOfKind[kind]);
      expect(grpcStatusOfKind[back]).toBe(grpcStatusOfKind[kind]);
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
