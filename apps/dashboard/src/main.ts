import { RUN_LOG_VERSION } from "@mnist/metrics";

const status = document.querySelector<HTMLParagraphElement>("#status");
if (status) status.textContent = `Run-log format ${RUN_LOG_VERSION}. Training and the run viewer are coming.`;
