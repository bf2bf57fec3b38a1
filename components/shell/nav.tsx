'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Overview' },
  { href: '/namespaces', label: 'Namespaces' },
  { href: '/topology', label: 'Topology' },
  { href: '/routes', label: 'Routes' },
  { href: '/migration', label: 'Migration' },
  { href: '/waves', label: 'Waves' },
];

export function Nav() {
  const path = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 p-3">
      {LINKS.map((l) => {
        const active = l.href === '/' ? path === '/' : path.startsWith(l.href);
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded px-3 py-2 text-sm ${active ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60'}`}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
