-- Institution sign-in through OpenID Connect (docs/institution-sign-in.md; lib/institutions/).
ALTER TYPE "AdminActionKind" ADD VALUE 'institution_saved';

-- An institution's provider as an admin set it up; the client secret never leaves the server.
CREATE TABLE "institution" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecret" TEXT NOT NULL,
    "emailDomains" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "institution_pkey" PRIMARY KEY ("id")
);

-- A sign-in begun: state, nonce and PKCE verifier, single use.
CREATE TABLE "institution_login" (
    "state" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "codeVerifier" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "linkUserId" TEXT,
    "next" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "institution_login_pkey" PRIMARY KEY ("state")
);

-- The provider's identity of a person (institution, issuer, sub) and the account it signs in.
CREATE TABLE "institution_identity" (
    "institutionId" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "sub" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "email" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "institution_identity_pkey" PRIMARY KEY ("institutionId","issuer","sub")
);

CREATE UNIQUE INDEX "institution_issuer_clientId_key" ON "institution"("issuer", "clientId");
CREATE INDEX "institution_login_createdAt_idx" ON "institution_login"("createdAt");
CREATE INDEX "institution_identity_userId_idx" ON "institution_identity"("userId");

ALTER TABLE "institution_login" ADD CONSTRAINT "institution_login_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "institution_identity" ADD CONSTRAINT "institution_identity_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "institution_identity" ADD CONSTRAINT "institution_identity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
