import type { Actor, User } from '$shared/domain/types.ts';

declare global {
  namespace App {
    interface Locals {
      user: User | null;
      actor: Actor;
      sessionToken: string | undefined;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
