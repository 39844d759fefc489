package generator

import "syscall"

const mapPopulate = syscall.MAP_POPULATE
