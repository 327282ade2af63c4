import Link from "next/link";

export default function Forbidden() {
  return (
    <>
      <h1 className="text-3xl font-bold" data-testid="forbidden">
        Not for your account
      </h1>
      <p className="mt-4">
        This page is for instructors. If you teach on Dockyard, ask an admin to make your account an instructor's.{" "}
        <Link className="underline" href="/">
          Back to the course
        </Link>
        .
      </p>
    </>
  );
}
