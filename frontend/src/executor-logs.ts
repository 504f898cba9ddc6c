// Entry of the executor log page's script (built to static/assets/executor-logs.js): follow.
import { startLogFollow } from './logFollow';

startLogFollow(document);
