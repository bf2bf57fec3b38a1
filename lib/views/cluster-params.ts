import { z } from 'zod';

/**
 * Body of `POST /api/cluster`: switch this session to the demo or to a kubeconfig context, or set
 * its read-only switch. Each refusal names the field and what it takes.
 */
export const ClusterActionBody = z.discriminatedUnion(
  'action',
  [
    z.object({
      action: z.literal('switch'),
      source: z.enum(['demo', 'kube'], { error: 'source must be demo or kube' }),
      context: z.string().min(1, 'context must not be empty').optional(),
    }),
    z.object({
      action: z.literal('readOnly'),
      value: z.boolean({ error: 'value must be true or false' }),
    }),
  ],
  { error: 'action must be switch or readOnly' },
);
export type ClusterAction = z.infer<typeof ClusterActionBody>;
