/** Loads every library file so its methods are registered. */
import './collections.js';
import './crypto.js';
import './database.js';
import './dates.js';
import './encoding.js';
import './json.js';
import './json-generator.js';
import './labels-dataweave.js';
import './limits.js';
import './merge.js';
import './numbers.js';
import './objects.js';
import './platform.js';
// After platform.js: replaces its "not supported" FeatureManagement entry.
import './feature-management.js';
// EventBus.publish, EventBus.TriggerContext (platform events: src/local-org/apex/events).
import '../events/publish.js';
import './regex.js';
import './schema.js';
import './sosl.js';
import './strings.js';
import './system.js';
import './triggers.js';
import './url.js';
import './xml/dom.js';
import './xml/stream-reader.js';
