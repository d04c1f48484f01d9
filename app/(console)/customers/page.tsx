import { PageHeader } from "@/components/app-shell/page-header";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { CustomerList } from "./_components/customer-list";

export const metadata = { title: "Customers · Changedesk" };

export default async function CustomersPage() {
  await getQueryClient().prefetchQuery(trpc.customer.list.queryOptions({ limit: 100 }));
  return (
    <>
      <PageHeader
        title="Customers"
        description="Contacts in the built-in CRM, with their records and history."
      />
      <HydrateClient>
        <CustomerList />
      </HydrateClient>
    </>
  );
}
