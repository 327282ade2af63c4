import { defineConfig } from "prisma/config";

// Migrations are committed SQL applied by scripts/migrate.ts (the schema engine
// cannot be downloaded offline); `prisma migrate deploy` reads the same folder.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://dockyard:dockyard@127.0.0.1:54329/dockyard",
  },
});
