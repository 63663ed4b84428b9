"""A generated query hook imported through a tsconfig alias (`openapi/queries`, as Airflow's
UI does), called with its options on the lines after the call: one polling site, at the
call, with what the option says where it is written (a conditional interval stays one)."""

from __future__ import annotations

from textwrap import dedent

from conftest import run_scan, write_files

TSCONFIG = '{ "compilerOptions": { "baseUrl": ".", "paths": { "openapi/*": ["./openapi-gen/*"] } } }\n'
GENERATED = """
    // generated with @7nohe/openapi-react-query-codegen
    import { UseQueryOptions, useQuery } from "@tanstack/react-query";
    import { JobService } from "../requests/services.gen";

    export const useJobServiceGetJobs = <TData = unknown>(
      { state }: { state?: string } = {},
      queryKey?: Array<unknown>,
      options?: Omit<UseQueryOptions<TData>, "queryKey" | "queryFn">,
    ) =>
      useQuery<TData>({
        queryKey: ["JobServiceGetJobs", state, ...(queryKey ?? [])],
        queryFn: () => JobService.getJobs({ state }) as TData,
        ...options,
      });
    """
SERVICES = """
    export const JobService = {
      getJobs: ({ state }: { state?: string }) => fetch(`/api/v2/jobs?state=${state}`).then((r) => r.json()),
    };
    """


def _polling(tmp_path, page: str):
    write_files(tmp_path, [
        ("ui/tsconfig.json", TSCONFIG),
        ("ui/openapi-gen/queries/queries.ts", dedent(GENERATED).lstrip()),
        ("ui/openapi-gen/requests/services.gen.ts", dedent(SERVICES).lstrip()),
        ("ui/src/pages/Jobs.tsx", dedent(page).lstrip()),
    ])
    return [(p.location.line, p.interval_ms, p.conditional) for p in run_scan(tmp_path).project.polling]


def test_a_conditional_interval_written_as_a_function_stays_conditional(tmp_path):
    page = """
        import { useJobServiceGetJobs } from "openapi/queries";

        const running = (query: { state: { data?: { running: boolean } } }) => Boolean(query.state.data?.running);

        export const Jobs = () => {
          const { data } = useJobServiceGetJobs({ state: "running" }, undefined, {
            refetchInterval: (query) => (running(query) ? 5000 : false),
          });
          return <ul>{String(data)}</ul>;
        };
        """
    assert _polling(tmp_path, page) == [(7, 5000, True)]


def test_an_option_on_the_line_after_the_call_is_one_site(tmp_path):
    page = """
        import { useJobServiceGetJobs } from "openapi/queries";

        export const Jobs = () => {
          const { data } = useJobServiceGetJobs({ state: "running" }, undefined, {
            refetchInterval: 5000,
          });
          return <ul>{String(data)}</ul>;
        };
        """
    assert _polling(tmp_path, page) == [(5, 5000, False)]
