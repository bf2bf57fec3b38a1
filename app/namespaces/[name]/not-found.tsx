import Link from 'next/link';

/** A namespace that is not in the cluster, or that the user cannot read. */
export default function NamespaceNotFound() {
  return (
    <div role="alert" className="rounded border border-slate-200 bg-white p-4 text-sm">
      <p className="font-semibold">Namespace not found</p>
      <p className="mt-1 text-slate-600">
        It is not in this cluster, or your permissions do not let you read it.{' '}
        <Link className="text-blue-700 hover:underline" href="/namespaces">
          All namespaces
        </Link>
      </p>
    </div>
  );
}
