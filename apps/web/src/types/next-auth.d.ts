import type { Role } from '@virtual-care/api';
import 'next-auth';
import 'next-auth/jwt';

// What our session and token carry: the active tenant and the roles held there.
declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string };
    tenantId: string;
    tenantName: string;
    roles: Role[];
  }
  interface User {
    tenantId?: string;
    tenantName?: string;
    roles?: Role[];
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    tenantId?: string;
    tenantName?: string;
    roles?: Role[];
  }
}
