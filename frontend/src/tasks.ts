// Entry of the task list's script (built to static/assets/tasks.js): a batch's progress and rows kept live by
// reading its batch; any other list kept live through the event stream.
import { startLiveList } from './liveList';
import { startTaskList } from './taskList';

startTaskList(document);
startLiveList(document);
