// The "not found" page (any unknown browser path, status 404).
import { startPage } from '../layout.js';

startPage({ title: 'notfound.title' });
