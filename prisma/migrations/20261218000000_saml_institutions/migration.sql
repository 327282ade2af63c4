-- SAML 2.0 institutions beside OpenID Connect (lib/institutions/): an institution has a protocol; the OpenID Connect
-- client fields are null for SAML, which keeps its IdP's single sign-on address, binding, certificates and metadata.
CREATE TYPE "InstitutionProtocol" AS ENUM ('oidc', 'saml');

ALTER TABLE "institution" ADD COLUMN "protocol" "InstitutionProtocol" NOT NULL DEFAULT 'oidc',
ALTER COLUMN "clientId" DROP NOT NULL,
ALTER COLUMN "clientSecret" DROP NOT NULL,
ADD COLUMN "samlSsoUrl" TEXT,
ADD COLUMN "samlSsoBinding" TEXT,
ADD COLUMN "samlCertificates" TEXT[],
ADD COLUMN "samlMetadata" TEXT;

-- A SAML sign-in's hand-off from the assertion consumer (a cross-site POST) to the browser's same-site step.
ALTER TABLE "institution_login" ADD COLUMN "samlHandoff" TEXT,
ADD COLUMN "samlIdentity" JSONB;

CREATE UNIQUE INDEX "institution_login_samlHandoff_key" ON "institution_login"("samlHandoff");
