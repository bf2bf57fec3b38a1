'use client';

import type { EnrolPreview, EnrolResult, EnrolRollbackResult, RecordRollbackPreview } from '../migrate';
import type { EnrolEvent } from '../views/enrol-events';
import { csrfToken, FetchError, fetchJson, fetchResult } from './fetch';

export type { EnrolEvent };

export function previewEnrolment(namespaces: string[], gatewayClass: string): Promise<EnrolPreview> {
  return fetchJson<EnrolPreview>('/api/enrol/preview', {
    method: 'POST',
    body: JSON.stringify({ namespaces, gatewayClass }),
  });
}

/**
 * Applies an enrolment and reports each NDJSON event as it arrives; resolves with the final result.
 * A refusal (409) or a bad request throws a FetchError with the server's reason.
 */
export async function applyEnrolment(
  body: { namespaces: string[]; gatewayClass: string; confirm: string },
  onEvent: (e: EnrolEvent) => void,
): Promise<EnrolResult> {
  const res = await fetch('/api/enrol/apply', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': await csrfToken() },
    body: JSON.stringify(body),
  });
  if (!res.ok || !res.body) {
    const err = (await res.json().catch(() => undefined)) as { error?: string } | undefined;
    throw new FetchError(err?.error ?? `HTTP ${res.status}`, res.status, err);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let result: EnrolResult | undefined;
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) {
        const e = JSON.parse(line) as EnrolEvent;
        onEvent(e);
        if (e.type === 'result') result = e.result;
      }
      nl = buffer.indexOf('\n');
    }
    if (done) break;
  }
  if (!result)
    throw new Error('the enrolment ended without a result; check the history for what was applied');
  return result;
}

/** What rolling back records would do, per record in rollback order, with the confirmation to pass on. */
export interface EnrolRollbackPreviewView {
  records: RecordRollbackPreview[];
  confirm: string;
}

/** Reads what rolling back these records would do; a refusal throws a FetchError with the reason. */
export function previewEnrolmentRollback(recordIds: string[]): Promise<EnrolRollbackPreviewView> {
  return fetchJson<EnrolRollbackPreviewView>('/api/enrol/rollback/preview', {
    method: 'POST',
    body: JSON.stringify({ recordIds }),
  });
}

/** Rolls back the records with the confirmation of their preview. */
export function rollbackEnrolment(recordIds: string[], confirm: string): Promise<EnrolRollbackResult> {
  return fetchResult<EnrolRollbackResult>('/api/enrol/rollback', {
    method: 'POST',
    body: JSON.stringify({ recordIds, confirm }),
  });
}
