import Link from "next/link";
import { ForbiddenReason } from "@/components/auth/forbidden-reason";

export default function Forbidden() {
  return (
    <>
      <h1 className="text-3xl font-bold" data-testid="forbidden">
        Not for your account
      </h1>
      <p className="mt-4">
        <ForbiddenReason />{" "}
        <Link className="underline" href="/">
          Back to the course
        </Link>
        .
      </p>
    </>
  );
}
