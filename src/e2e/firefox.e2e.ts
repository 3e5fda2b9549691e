import { launchFirefox } from './engines/firefox';
import { describeEngineJourneys } from './engines/journeys';

// Firefox runs service workers on http://localhost and 127.0.0.1 (potentially trustworthy origins).
describeEngineJourneys('Firefox', () => launchFirefox(), { serviceWorker: true });
