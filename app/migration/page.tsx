export default function MigrationPage() {
  return <h1 className="text-xl font-semibold">Migration</h1>;
}
