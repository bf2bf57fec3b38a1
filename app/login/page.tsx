import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { safeReturnTo } from '@/lib/auth/oidc';
import { serverAuth } from '@/lib/server/auth';
import { optionalPageContext } from '@/lib/server/page';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ returnTo?: string }> }) {
  const returnTo = safeReturnTo((await searchParams).returnTo);
  const auth = serverAuth();
  if (await optionalPageContext()) redirect(returnTo);
  return <LoginForm mode={auth.mode} returnTo={returnTo} />;
}
