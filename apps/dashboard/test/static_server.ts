// The shared test server lives in tools/testing; the dashboard's e2e tests import it from here.
export * from "@mnist/tools/testing/static_server";
