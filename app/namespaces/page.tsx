export default function NamespacesPage() {
  return <h1 className="text-xl font-semibold">Namespaces</h1>;
}
