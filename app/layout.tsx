import type { ReactNode } from 'react';
import type { Metadata, Viewport } from 'next';
import { SessionProvider } from 'next-cognito-session/client';
import { serverSessionState } from './_lib/session';
import { SiteHeader } from './_components/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'next-cognito-session', template: '%s · next-cognito-session' },
  description: 'Amazon Cognito sessions in cookies for the Next.js App Router — reference app.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The state, not getServerSession(): an IdP outage must not turn every page into an error.
  const state = await serverSessionState();
  return (
    <html lang="en">
      <body>
        <SessionProvider>
          <SiteHeader state={state} />
          {children}
        </SessionProvider>
      </body>
    </html>
  );
}
