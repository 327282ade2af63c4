import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1 className="text-3xl font-bold">Not found</h1>
      <p className="mt-4">
        That page does not exist.{" "}
        <Link className="underline" href="/">
          Back to the course
        </Link>
        .
      </p>
    </>
  );
}
