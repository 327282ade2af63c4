-- A learner's display preferences (issue 37; lib/preferences/): the theme they chose (light, dark, or following
-- their system) and whether every terminal runs in xterm's screen-reader mode. Kept on the account so they follow the
-- learner to another browser; the browser keeps a copy for the first paint (lib/preferences/theme-script.ts).
CREATE TYPE "ThemeSetting" AS ENUM ('light', 'dark', 'system');

ALTER TABLE "user" ADD COLUMN "theme" "ThemeSetting" NOT NULL DEFAULT 'system',
ADD COLUMN "terminalScreenReader" BOOLEAN NOT NULL DEFAULT false;
