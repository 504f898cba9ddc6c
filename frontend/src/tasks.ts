// Entry of the task list's script (built to static/assets/tasks.js): a batch's progress and rows, kept live.
import { startTaskList } from './taskList';

startTaskList(document);
