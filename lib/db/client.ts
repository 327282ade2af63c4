import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "../config/env";
import { PrismaClient } from "../generated/prisma/client";
// Every connection in UTC, read and written as UTC (typed-sql.ts), before the first one is made.
import "./typed-sql";

// One client per process; Next.js dev reloads modules, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { dockyardPrisma?: PrismaClient };

export function createPrismaClient(connectionString = env().DATABASE_URL): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}

export function prisma(): PrismaClient {
  globalForPrisma.dockyardPrisma ??= createPrismaClient();
  return globalForPrisma.dockyardPrisma;
}
