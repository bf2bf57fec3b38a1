'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '@/lib/client/fetch';
import { clusterKeys } from '@/lib/client/keys';

/** The page shown when the cluster cannot be reached: what failed, and a way out. */
export function ConnectionError({ name, message }: { name: string; message: string }) {
  const qc = useQueryClient();
  const toDemo = useMutation({
    mutationFn: () =>
      fetchJson('/api/cluster', {
        method: 'POST',
        body: JSON.stringify({ action: 'switch', source: 'demo' }),
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: clusterKeys.all }),
  });
  return (
    <div
      role="alert"
      className="max-w-2xl rounded border border-red-200 bg-red-50 p-5 text-sm text-red-900"
      data-testid="connection-error"
    >
      <h2 className="text-base font-semibold">Cannot reach cluster “{name}”</h2>
      <p className="mt-2 whitespace-pre-wrap">{message}</p>
      <p className="mt-2 text-red-800">
        Check that the API server is up and that the kubeconfig's credentials are valid, or choose another
        context above.
      </p>
      <button
        type="button"
        className="mt-3 rounded bg-red-700 px-3 py-1 text-white"
        onClick={() => toDemo.mutate()}
      >
        Open the demo cluster instead
      </button>
    </div>
  );
}
