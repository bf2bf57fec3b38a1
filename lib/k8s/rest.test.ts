import { describe, expect, it } from 'vitest';
import { errorFromStatus } from './rest';

describe('errorFromStatus', () => {
  it('maps a Status body to ApiError fields', () => {
    const e = errorFromStatus(
      403,
      {
        kind: 'Status',
        message: 'configmaps is forbidden: User "viewer" cannot create',
        reason: 'Forbidden',
        details: { kind: 'configmaps' },
      },
      'fallback',
    );
    expect(e.status).toBe(403);
    expect(e.forbidden).toBe(true);
    expect(e.message).toContain('cannot create');
    expect(e.kind).toBe('configmaps');
  });

  it('extracts field managers from apply conflicts', () => {
    const e = errorFromStatus(
      409,
      {
        reason: 'Conflict',
        message: 'Apply failed with 1 conflict',
        details: {
          causes: [
            {
              type: 'FieldManagerConflict',
              message: 'conflict with "kubectl-edit" using v1',
              field: '.metadata.labels.team',
            },
          ],
        },
      },
      'fallback',
    );
    expect(e.conflict).toBe(true);
    expect(e.conflicts).toEqual([
      {
        field: '.metadata.labels.team',
        message: 'conflict with "kubectl-edit" using v1',
        manager: 'kubectl-edit',
      },
    ]);
  });

  it('falls back when the body is not a Status', () => {
    const e = errorFromStatus(502, undefined, 'GET /x: HTTP 502');
    expect(e.message).toBe('GET /x: HTTP 502');
    expect(e.conflicts).toBeUndefined();
  });
});
