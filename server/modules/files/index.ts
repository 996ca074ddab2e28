export { deleteFile, fileInfo, openFile, saveFile, type StoredFile } from './files.service';
