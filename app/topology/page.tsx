export default function TopologyPage() {
  return <h1 className="text-xl font-semibold">Topology</h1>;
}
