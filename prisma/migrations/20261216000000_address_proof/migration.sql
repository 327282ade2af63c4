-- Accounts no one else can take (lib/identities/): an address a provider does not vouch for is held apart from the
-- account's e-mail, and every identity records how it was linked and whether the account's address was proven then.
CREATE TYPE "IdentityLinkKind" AS ENUM ('new_account', 'proven_address', 'account_page');

ALTER TABLE "user" ADD COLUMN "unprovenEmail" TEXT;

ALTER TABLE "institution_identity" ADD COLUMN "linkedHow" "IdentityLinkKind",
ADD COLUMN "addressProven" BOOLEAN;
ALTER TABLE "lti_account" ADD COLUMN "linkedHow" "IdentityLinkKind",
ADD COLUMN "addressProven" BOOLEAN;

-- Links made before this: proven when the account's address is proven now; made with the account when both were made
-- within a minute of each other, otherwise linked from the account page (an LMS only ever made its accounts).
UPDATE "institution_identity" AS i
SET "addressProven" = u."emailVerified",
    "linkedHow" = CASE WHEN i."createdAt" - u."createdAt" < INTERVAL '1 minute'
        THEN 'new_account'::"IdentityLinkKind" ELSE 'account_page'::"IdentityLinkKind" END
FROM "user" AS u WHERE u."id" = i."userId";
UPDATE "lti_account" AS a
SET "addressProven" = u."emailVerified", "linkedHow" = 'new_account'
FROM "user" AS u WHERE u."id" = a."userId";

ALTER TABLE "institution_identity" ALTER COLUMN "linkedHow" SET NOT NULL,
ALTER COLUMN "addressProven" SET NOT NULL;
ALTER TABLE "lti_account" ALTER COLUMN "linkedHow" SET NOT NULL,
ALTER COLUMN "addressProven" SET NOT NULL;
