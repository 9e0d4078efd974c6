import { NextResponse } from 'next/server';

// Placeholder: the auth middleware replaces this pass-through.
export function middleware() {
  return NextResponse.next();
}
