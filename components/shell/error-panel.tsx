'use client';

/** A clear error message with an optional retry, instead of a stack trace. */
export function ErrorPanel({
  title,
  message,
  onRetry,
}: {
  title: string;
  message: string;
  onRetry?: () => void;
}) {
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-semibold">{title}</p>
      <p className="mt-1 whitespace-pre-wrap">{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry} className="mt-3 rounded bg-red-700 px-3 py-1 text-white">
          Try again
        </button>
      )}
    </div>
  );
}
