export default function RoutesPage() {
  return <h1 className="text-xl font-semibold">Routes</h1>;
}
