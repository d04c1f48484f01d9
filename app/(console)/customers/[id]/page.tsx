import { notFound } from "next/navigation";
import { z } from "zod";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { CustomerView } from "./_components/customer-view";

export const metadata = { title: "Customer · Changedesk" };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  const detail = await getQueryClient()
    .fetchQuery(trpc.customer.get.queryOptions({ id }))
    .catch(() => null);
  if (!detail) notFound();
  return (
    <HydrateClient>
      <CustomerView id={id} />
    </HydrateClient>
  );
}
