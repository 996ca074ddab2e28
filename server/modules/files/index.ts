export { deleteFile, fileInfo, openFile, saveFile, uploadedFile, type StoredFile } from './files.service';
